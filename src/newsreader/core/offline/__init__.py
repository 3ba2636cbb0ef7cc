"""Reading without a network: the image cache, full-text filling and the HTML export."""
