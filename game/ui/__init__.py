"""The terminal shell: turns engine events into Rich renderables and typed lines into actions."""
