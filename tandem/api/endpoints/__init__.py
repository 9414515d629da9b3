"""One router per resource; `tandem.api.api` mounts them."""
