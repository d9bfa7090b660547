"""The browser harness itself: Chromium starts, reaches the live server and axe runs."""


def test_staff_login_page_loads_in_chromium_at_phone_width(phone_page, live_server, assert_no_serious_axe_violations):
    response = phone_page.goto(f"{live_server.url}/admin/login/")
    assert response.status == 200
    assert phone_page.get_by_label("Username").is_visible()
    assert_no_serious_axe_violations(phone_page)
