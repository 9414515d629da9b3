"""The programs screens' forms, one module per screen. They only validate input; the
services in programs/services/ decide and save."""
