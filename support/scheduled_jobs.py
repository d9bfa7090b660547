"""The daily job that reminds families of their one-to-one session the day before."""
