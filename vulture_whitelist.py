"""Names vulture (the dead-code check in .ci/run) reports but that are used: read by `vulture`
together with src/newsreader (see [tool.vulture] in pyproject.toml). Each group says why.

Regenerate a line with `vulture --make-whitelist`; add a name here only with its reason.
"""
# ruff: noqa
# fmt: off


# Menu/keyboard actions: ui/actions.py calls them by their action id (getattr).
_.focus_search  # unused method (src/newsreader/ui/window.py:991)
_.go_latest  # unused method (src/newsreader/ui/reading.py:137)
_.go_saved  # unused method (src/newsreader/ui/reading.py:143)
_.go_unread  # unused method (src/newsreader/ui/reading.py:140)
_.leave_search  # unused method (src/newsreader/ui/window.py:995)
_.next_article  # unused method (src/newsreader/ui/reading.py:86)
_.next_section  # unused method (src/newsreader/ui/reading.py:158)
_.open_in_browser  # unused method (src/newsreader/ui/reading.py:164)
_.open_settings  # unused method (src/newsreader/ui/window.py:958)
_.page_down  # unused method (src/newsreader/ui/reading.py:129)
_.page_up  # unused method (src/newsreader/ui/reading.py:133)
_.previous_article  # unused method (src/newsreader/ui/reading.py:91)
_.previous_section  # unused method (src/newsreader/ui/reading.py:161)
_.previous_unread  # unused method (src/newsreader/ui/reading.py:122)
_.refresh_all  # unused method (src/newsreader/ui/window.py:1008)
_.refresh_section  # unused method (src/newsreader/ui/window.py:1000)
_.remove_section  # unused method (src/newsreader/ui/library_commands.py:174)
_.rename_section  # unused method (src/newsreader/ui/library_commands.py:136)
_.show_about  # unused method (src/newsreader/ui/window.py:1019)
_.show_shortcuts  # unused method (src/newsreader/ui/window.py:1012)
_.text_bigger  # unused method (src/newsreader/ui/reading.py:77)
_.text_reset  # unused method (src/newsreader/ui/reading.py:83)
_.text_smaller  # unused method (src/newsreader/ui/reading.py:80)
_.toggle_read  # unused method (src/newsreader/ui/reading.py:180)
_.toggle_saved  # unused method (src/newsreader/ui/reading.py:185)

_.edit_rules  # unused method (src/newsreader/ui/daily_commands.py)
_.refresh_due  # unused method (src/newsreader/ui/daily_commands.py)
_.save_search  # unused method (src/newsreader/ui/daily_commands.py)
_.toggle_pause  # unused method (src/newsreader/ui/daily_commands.py)
_.mark_newer_read  # unused method (src/newsreader/ui/reading.py)
_.mark_older_read  # unused method (src/newsreader/ui/reading.py)
_.toggle_list  # unused method (src/newsreader/ui/panes.py)
_.toggle_sections  # unused method (src/newsreader/ui/panes.py)

# Called by a framework: Qt virtual overrides, HTMLParser/expat callbacks, urllib3 and sqlite3 hooks.
ConnectionCls  # unused variable (src/newsreader/core/fetch/http.py:301)
ConnectionCls  # unused variable (src/newsreader/core/fetch/http.py:319)
_.CharacterDataHandler  # unused attribute (src/newsreader/core/feeds/opml.py:108)
_.EndElementHandler  # unused attribute (src/newsreader/core/feeds/opml.py:107)
_.EntityDeclHandler  # unused attribute (src/newsreader/core/feeds/opml.py:103)
_.ExternalEntityRefHandler  # unused attribute (src/newsreader/core/feeds/opml.py:105)
_.StartElementHandler  # unused attribute (src/newsreader/core/feeds/opml.py:106)
_.UnparsedEntityDeclHandler  # unused attribute (src/newsreader/core/feeds/opml.py:104)
_.buffer_text  # unused attribute (src/newsreader/core/feeds/opml.py:109)
_.columnCount  # unused method (src/newsreader/ui/keymap.py:122)
_.columnCount  # unused method (src/newsreader/ui/keymap.py:213)
_.columnCount  # unused method (src/newsreader/ui/sections_model.py:335)
_.createEditor  # unused method (src/newsreader/ui/keymap.py:175)
_.handle_data  # unused method (src/newsreader/core/fetch/discover.py:345)
_.handle_data  # unused method (src/newsreader/core/pages/htmltext.py:87)
_.handle_endtag  # unused method (src/newsreader/core/fetch/discover.py:341)
_.handle_endtag  # unused method (src/newsreader/core/pages/htmltext.py:75)
_.handle_startendtag  # unused method (src/newsreader/core/fetch/discover.py:336)
_.handle_startendtag  # unused method (src/newsreader/core/pages/htmltext.py:68)
_.hasChildren  # unused method (src/newsreader/ui/sections_model.py:338)
_.headerData  # unused method (src/newsreader/ui/keymap.py:125)
_.loadResource  # unused method (src/newsreader/ui/article_view.py:218)
_.paint  # unused method (src/newsreader/ui/article_delegate.py:209)
_.paint  # unused method (src/newsreader/ui/sections_delegate.py:38)
_.pool_classes_by_scheme  # unused attribute (src/newsreader/core/fetch/http.py:347)
_.pool_classes_by_scheme  # unused attribute (src/newsreader/core/fetch/http.py:353)
_.setEditorData  # unused method (src/newsreader/ui/keymap.py:184)
_.setModelData  # unused method (src/newsreader/ui/keymap.py:189)
_.required  # unused attribute (src/newsreader/cli_sync.py: argparse subparsers)
_.text_factory  # unused attribute (src/newsreader/core/storage/recovery.py:447)
_.row_factory  # unused attribute (src/newsreader/core/storage/connection.py:100)
_.row_factory  # unused attribute (src/newsreader/core/storage/connection.py:237)
handle_startendtag  # unused variable (src/newsreader/core/pages/htmltext.py:187)

# Data: fields of frozen values filled for readers (models, extraction), Qt strings for translation.
QT_STRINGS  # unused variable (src/newsreader/ui/i18n.py:23)
last_success  # unused variable (src/newsreader/core/models.py:80)
text_chars  # unused variable (src/newsreader/core/pages/extract.py:89)
updated_articles  # unused variable (src/newsreader/core/models.py:140)

# Probes the UI tests read (not part of the window's own flow).
_.can_undo  # unused method (src/newsreader/ui/undo.py)
_.is_dark  # unused method (src/newsreader/ui/article_view.py:201)
_.matching_rows  # unused method (src/newsreader/ui/articles_model.py:166)
_.merge_head  # unused method (src/newsreader/ui/articles_model.py:196)
_.status_text  # unused method (src/newsreader/ui/window.py:398)

# Storage methods used only by tests and recovery: the storage room's to keep or drop (issue 12).
_.articles_by_ids  # unused method (src/newsreader/core/storage/articles.py:119)
_.integrity_check  # unused method (src/newsreader/core/storage/connection.py:264)
_.open_connections  # unused method (src/newsreader/core/storage/connection.py:81)
_.schema_version  # unused method (src/newsreader/core/storage/connection.py:261)
_.unread_counts  # unused method (src/newsreader/core/storage/articles.py:145)
_.set_feed_option  # unused method (src/newsreader/core/storage/feeds.py:223)
_.outbox_count  # unused method (src/newsreader/core/storage/accounts.py)

# Sync (core/sync, its owner's): declared by every server class, not read yet.
manages_subscriptions  # unused variable (src/newsreader/core/sync/remote.py)
