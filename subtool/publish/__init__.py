"""Publishing the built tracks to YouTube (``subtool publish``), only what changed.

What belongs here, and where each part may go (the failures a person reads — login, quota,
foreign video, network, budget, a broken record — are in ``subtool.core.errors``):

- :mod:`~subtool.publish.record`: the publish record kept in the project
  (``subtitles/state/youtube.json``): which content is online under which caption id. Pure
  parse/compose; it never holds a token.
- :mod:`~subtool.publish.plan`: pure: manifest tracks + remote caption list + record → a plan
  (insert / update / unchanged / skipped / delete per language) and its quota cost.
- :mod:`~subtool.publish.flow`: list once, plan, refuse over budget, execute track by track and
  save the record after each one.
- :mod:`~subtool.publish.youtube`: the only module that talks to YouTube (google-api-python-client,
  google-auth, google-auth-oauthlib). It is heavy to import, so nothing else here imports it:
  only the ``publish`` command does, when it runs.
"""
