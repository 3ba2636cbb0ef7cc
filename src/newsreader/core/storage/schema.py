"""Numbered schema migrations. `PRAGMA user_version` holds the number of the last one applied.

Never edit a released migration: add a new one. A database whose version is higher than
LATEST_VERSION was written by a newer Newsreader and is refused.
"""

from __future__ import annotations

MIGRATIONS: tuple[str, ...] = (
    # 1: folders, feeds, articles with state, tombstones of pruned entries, full-text index.
    """
    CREATE TABLE folders (
        id       INTEGER PRIMARY KEY,
        name     TEXT NOT NULL UNIQUE,
        position INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE feeds (
        id            INTEGER PRIMARY KEY,
        url           TEXT NOT NULL UNIQUE,
        title         TEXT NOT NULL DEFAULT '',
        user_title    INTEGER NOT NULL DEFAULT 0,
        site_url      TEXT,
        folder_id     INTEGER REFERENCES folders(id) ON DELETE SET NULL,
        etag          TEXT,
        last_modified TEXT,
        body_hash     TEXT,
        last_checked  INTEGER,
        last_success  INTEGER,
        last_error    TEXT,
        options       TEXT NOT NULL DEFAULT '{}',
        added_at      INTEGER NOT NULL
    );
    CREATE INDEX feeds_folder ON feeds(folder_id);
    CREATE TABLE articles (
        id           INTEGER PRIMARY KEY,
        feed_id      INTEGER REFERENCES feeds(id) ON DELETE SET NULL,
        source_title TEXT NOT NULL DEFAULT '',
        source_folder TEXT,
        key          TEXT NOT NULL,
        guid         TEXT,
        link         TEXT,
        title        TEXT NOT NULL DEFAULT '',
        author       TEXT,
        published    INTEGER,
        updated      INTEGER,
        first_seen   INTEGER NOT NULL,
        sort_time    INTEGER NOT NULL,
        summary      TEXT NOT NULL DEFAULT '',
        content_html TEXT,
        thumbnail    TEXT,
        categories   TEXT NOT NULL DEFAULT '[]',
        content_hash TEXT NOT NULL,
        read         INTEGER NOT NULL DEFAULT 0,
        saved        INTEGER NOT NULL DEFAULT 0,
        read_at      INTEGER,
        saved_at     INTEGER
    );
    CREATE UNIQUE INDEX articles_feed_key ON articles(feed_id, key);
    CREATE INDEX articles_sort ON articles(sort_time DESC, id DESC);
    CREATE INDEX articles_feed_sort ON articles(feed_id, sort_time DESC, id DESC);
    CREATE INDEX articles_unread ON articles(feed_id, sort_time DESC) WHERE read = 0;
    CREATE INDEX articles_saved ON articles(sort_time DESC) WHERE saved = 1;
    -- Entries pruned from the cache: a feed that still lists them must not bring them back unread.
    CREATE TABLE tombstones (
        feed_id   INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
        key       TEXT NOT NULL,
        pruned_at INTEGER NOT NULL,
        PRIMARY KEY (feed_id, key)
    ) WITHOUT ROWID;
    -- Folded text (see textfold.py); rowid = articles.id. Written in the same transaction.
    CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, summary, body, source,
        tokenize = "unicode61 remove_diacritics 0",
        prefix = '1 2 3'
    );
    """,
    # 2: offline reading: extracted full text per article, and the images each article shows.
    """
    CREATE TABLE fulltext (
        article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        status     TEXT NOT NULL CHECK (status IN ('ok', 'failed', 'skipped')),
        html       TEXT,
        lead       TEXT,
        author     TEXT,
        published  INTEGER,
        fetched_at INTEGER NOT NULL,
        error      TEXT
    );
    CREATE TABLE article_images (
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        url        TEXT NOT NULL,
        PRIMARY KEY (article_id, url)
    ) WITHOUT ROWID;
    CREATE INDEX article_images_url ON article_images(url);
    CREATE INDEX articles_first_seen ON articles(first_seen DESC);
    """,
    # 3: a per-feed notice that is not an error ("the feed has no articles").
    """
    ALTER TABLE feeds ADD COLUMN notice TEXT;
    """,
    # 4: sync accounts. An account's feeds and articles carry its id and the server's ids; the
    # server's folder (label) of a feed is `remote_folder`; its real address `remote_url` (the
    # `url` column stays unique per library: it holds an account-scoped key). The outbox holds
    # local changes not yet confirmed by the server, written with the change itself.
    """
    CREATE TABLE accounts (
        id         INTEGER PRIMARY KEY,
        kind       TEXT NOT NULL CHECK (kind IN ('greader', 'fever')),
        url        TEXT NOT NULL,
        user       TEXT NOT NULL,
        title      TEXT NOT NULL DEFAULT '',
        added_at   INTEGER NOT NULL,
        last_sync  INTEGER,
        last_error TEXT,
        cursor     TEXT NOT NULL DEFAULT '{}'
    );
    ALTER TABLE feeds ADD COLUMN account_id INTEGER REFERENCES accounts(id) ON DELETE CASCADE;
    ALTER TABLE feeds ADD COLUMN remote_id TEXT;
    ALTER TABLE feeds ADD COLUMN remote_url TEXT;
    ALTER TABLE feeds ADD COLUMN remote_folder TEXT;
    CREATE UNIQUE INDEX feeds_remote ON feeds(account_id, remote_id) WHERE account_id IS NOT NULL;
    ALTER TABLE articles ADD COLUMN account_id INTEGER;
    ALTER TABLE articles ADD COLUMN remote_id TEXT;
    CREATE UNIQUE INDEX articles_remote ON articles(account_id, remote_id)
        WHERE account_id IS NOT NULL;
    CREATE TABLE outbox (
        id         INTEGER PRIMARY KEY,
        account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        action     TEXT NOT NULL,
        target     TEXT NOT NULL,
        argument   TEXT,
        queued_at  INTEGER NOT NULL
    );
    CREATE INDEX outbox_account ON outbox(account_id, id);
    """,
    # 5: living with it every day — stories (one per canonical link), rule marks, rules, saved
    # searches, fetch schedules. Old articles get their story on the next open (stories.py).
    """
    ALTER TABLE articles ADD COLUMN story_key TEXT;
    ALTER TABLE articles ADD COLUMN story_id INTEGER;
    ALTER TABLE articles ADD COLUMN hidden INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE articles ADD COLUMN highlighted INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE articles ADD COLUMN notify INTEGER NOT NULL DEFAULT 0;
    CREATE INDEX articles_story_key ON articles(story_key) WHERE story_key IS NOT NULL;
    CREATE INDEX articles_story ON articles(story_id);
    -- One row per story in list order: keyset paging over stories reads only these.
    CREATE INDEX articles_story_sort ON articles(sort_time DESC, id DESC) WHERE id = story_id;
    -- The further copies of stories (few): folder counts subtract them.
    CREATE INDEX articles_copies ON articles(story_id) WHERE id != story_id;
    CREATE TABLE rules (
        id         INTEGER PRIMARY KEY,
        match      TEXT NOT NULL,
        field      TEXT NOT NULL DEFAULT 'any',
        feed_id    INTEGER REFERENCES feeds(id) ON DELETE CASCADE,
        folder     TEXT,
        action     TEXT NOT NULL CHECK (action IN ('read', 'hide', 'save', 'highlight', 'notify')),
        created_at INTEGER NOT NULL
    );
    CREATE TABLE saved_searches (
        id         INTEGER PRIMARY KEY,
        name       TEXT NOT NULL UNIQUE,
        query      TEXT NOT NULL,
        created_at INTEGER NOT NULL
    );
    ALTER TABLE feeds ADD COLUMN next_due INTEGER;
    ALTER TABLE feeds ADD COLUMN unchanged_runs INTEGER NOT NULL DEFAULT 0;
    -- An article written without a story (by a writer that does not join stories, e.g. an
    -- account's sync) is a story of its own, never left out of the lists.
    CREATE TRIGGER articles_own_story AFTER INSERT ON articles WHEN NEW.story_id IS NULL
    BEGIN
        UPDATE articles SET story_id = NEW.id WHERE id = NEW.id;
    END;
    """,
    # 6: the audio, video and PDF files an article carries (podcasts), in feed order.
    """
    CREATE TABLE enclosures (
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        position   INTEGER NOT NULL,
        url        TEXT NOT NULL,
        type       TEXT NOT NULL,
        length     INTEGER,
        PRIMARY KEY (article_id, position)
    ) WITHOUT ROWID;
    """,
    # 7: the counts the sections pane shows (per feed, and of all stories) read from one small
    # covering index instead of a pass over every article row: 250 / 120 ms -> 7 / 9 ms at
    # 100,000 articles (docs/perf.md, "Session 3: start-up and memory of the window").
    """
    CREATE INDEX articles_counts ON articles(feed_id, hidden, read, saved, story_id);
    """,
    # 8: the search index merges its segments 8 at a time instead of 4 (a setting FTS5 keeps in
    # articles_fts_config): a cold refresh of 200 feeds writes its 10,000 index rows with ~23%
    # less CPU, and searches at 100,000 articles take the same time (docs/perf.md, "Session 3:
    # the cold refresh's writer").
    """
    INSERT INTO articles_fts(articles_fts, rank) VALUES ('automerge', 8);
    """,
    # 9: fewer B-trees for each new article to update (11 -> 8), the lists and counts as fast:
    # a feed's list, its unread list and the per-feed counts read one index (it replaces
    # articles_feed_sort, articles_unread and articles_counts), and the lists across feeds one
    # that also carries what their filters test (it replaces articles_sort and the partial
    # articles_story_sort), so rows left out by story/hidden/read need no table row
    # (docs/perf.md, "Session 4: the article row's write").
    """
    DROP INDEX IF EXISTS articles_feed_sort;
    DROP INDEX IF EXISTS articles_unread;
    DROP INDEX IF EXISTS articles_counts;
    CREATE INDEX IF NOT EXISTS articles_feed
        ON articles(feed_id, sort_time DESC, id DESC, hidden, read, saved, story_id);
    DROP INDEX IF EXISTS articles_sort;
    DROP INDEX IF EXISTS articles_story_sort;
    CREATE INDEX IF NOT EXISTS articles_list
        ON articles(sort_time DESC, id DESC, story_id, hidden, read, saved);
    """,
    # 10: the search index keeps up to 8 MB of a transaction's new index data in memory before
    # writing it out as a segment (FTS5's 'hashsize', kept in articles_fts_config; its default
    # is 1 MB): a refresh batch's ~2,000 articles (~5 MB) become one segment instead of five, so
    # far less merging follows. Same index content, same search results; writing a cold
    # refresh's index rows costs ~30-45% less CPU (docs/perf.md, "Session 4: the search index's
    # writes"; 16 MB saved no more and peaked higher).
    """
    INSERT INTO articles_fts(articles_fts, rank) VALUES ('hashsize', 8388608);
    """,
)

LATEST_VERSION = len(MIGRATIONS)
