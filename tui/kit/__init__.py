"""The kit the screens stand on: base screen, widgets, formatting, German texts, locations, documents."""
