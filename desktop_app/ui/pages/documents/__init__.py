"""The Documents screen (Văn bản): one module per tab and the page that assembles them."""
