"""Petition views: public.py for the page's routes and the embed, admin.py for staff."""
