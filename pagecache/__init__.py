"""The page cache: signed-out readers' pages served whole from memory, never stale.

* ``generation``: one number in the database, moved on after every commit that wrote content;
* ``schedule``: the next moment a page changes with nobody writing (a scheduled story, midnight);
* ``store``: entries in this process's memory, in front of Django's shared cache (Redis);
* ``middleware``: who gets a shared page, what is stored, the headers, the last good copy.
"""
