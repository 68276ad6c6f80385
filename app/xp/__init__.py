"""The XP service: metric events in, points awards out, with Trophy's API and JSON.

It knows nothing about flashcards, decks or HTML; the study app reaches it through XpClient.
"""
