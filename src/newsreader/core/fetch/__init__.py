"""HTTP client, address guard and page discovery: everything that goes to the network."""
