def resource_index_listing(*, index_page, params):
    return {}


def local_service_listing(*, params):
    return {}
