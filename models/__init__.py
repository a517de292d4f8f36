"""The shipped default classifier (manifest.json, arrays.npz) and its model card, installed as package data."""
