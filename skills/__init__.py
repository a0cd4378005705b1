"""The built-in skills. Each is a package registered under the `assistant.skills` entry point."""
