"""Reusable widgets: figure tables, plotext charts, dialogs."""
