"""Day-of-action views: public.py for the page's routes, admin.py for staff."""
