using Npgsql;

namespace EventLog;

/// <summary>Creates and upgrades the event log's tables; idempotent and safe when many replicas start at once.</summary>
public static class EventLogSchema
{
    public static Task EnsureAsync(NpgsqlDataSource dataSource, string schema, CancellationToken ct = default) =>
        SchemaMigration.RunAsync(dataSource, $"{schema}.schema", Ddl(schema), ct);

    public static string NotifyChannel(string schema) => $"{schema}_appended";

    /// <summary>
    /// The schema's name, checked: it is written into SQL text (an identifier cannot be a parameter), so only a plain
    /// lower-case identifier is accepted.
    /// </summary>
    public static string Identifier(string schema) =>
        schema.Length is > 0 and <= 50 && (char.IsAsciiLetterLower(schema[0]) || schema[0] == '_')
        && schema.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_')
            ? schema
            : throw new ArgumentException($"EventLog:Schema must be a lower-case identifier (letters, digits, '_'), not '{schema}'.", nameof(schema));

    private static string Ddl(string s) => $$"""
        CREATE SCHEMA IF NOT EXISTS {{s}};

        CREATE TABLE IF NOT EXISTS {{s}}.streams (
            stream_id   text   PRIMARY KEY,
            version     bigint NOT NULL
        );

        CREATE TABLE IF NOT EXISTS {{s}}.events (
            position        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            transaction_id  xid8   NOT NULL DEFAULT pg_current_xact_id(),
            stream_id       text   NOT NULL,
            stream_version  bigint NOT NULL,
            event_id        uuid   NOT NULL,
            event_type      text   NOT NULL,
            data            jsonb  NOT NULL,
            correlation_id  text,
            causation_id    text,
            traceparent     text,
            idempotency_key text,
            recorded_at     timestamptz NOT NULL,
            CONSTRAINT events_stream_version_unique UNIQUE (stream_id, stream_version)
        );
        -- Readers walk the log in (transaction_id, position) order below the safe horizon.
        CREATE INDEX IF NOT EXISTS events_commit_order ON {{s}}.events (transaction_id, position);

        -- One row per idempotent command: a repeat finds its key and appends nothing.
        CREATE TABLE IF NOT EXISTS {{s}}.idempotency_keys (
            key             text   PRIMARY KEY,
            stream_id       text   NOT NULL,
            stream_version  bigint,
            first_position  bigint,
            recorded_at     timestamptz NOT NULL
        );

        CREATE TABLE IF NOT EXISTS {{s}}.subscriptions (
            name            text   PRIMARY KEY,
            transaction_id  xid8   NOT NULL DEFAULT '0',
            position        bigint NOT NULL DEFAULT 0,
            state           text   NOT NULL DEFAULT 'running',
            last_error      text,
            replay_requested boolean NOT NULL DEFAULT false,
            updated_at      timestamptz NOT NULL DEFAULT now()
        );

        CREATE TABLE IF NOT EXISTS {{s}}.dead_letters (
            subscription    text   NOT NULL,
            position        bigint NOT NULL,
            transaction_id  xid8   NOT NULL,
            stream_id       text   NOT NULL,
            event_type      text   NOT NULL,
            error           text   NOT NULL,
            attempts        int    NOT NULL,
            failed_at       timestamptz NOT NULL,
            replayed_at     timestamptz,
            PRIMARY KEY (subscription, position)
        );

        -- Appends one command's events in one statement: idempotency and expected version together.
        -- No NOTIFY here: a notifying commit takes a cluster-wide lock, so the writer notifies after commit instead.
        -- Status: 0 appended, 1 duplicate (idempotency key seen), 2 wrong expected version.
        -- Conflicts return a status instead of raising, so many commands can share one transaction.
        CREATE OR REPLACE FUNCTION {{s}}.append(
            p_stream_id text, p_expected bigint, p_event_ids uuid[], p_types text[], p_data jsonb[],
            p_correlation_id text, p_causation_id text, p_traceparent text, p_idempotency_key text,
            p_recorded_at timestamptz)
        RETURNS TABLE (status int, stream_version bigint, first_position bigint)
        LANGUAGE plpgsql AS $fn$
        DECLARE
            n       int := cardinality(p_event_ids);
            v_after bigint;
            v_first bigint;
        BEGIN
            IF p_idempotency_key IS NOT NULL THEN
                INSERT INTO {{s}}.idempotency_keys (key, stream_id, recorded_at)
                VALUES (p_idempotency_key, p_stream_id, p_recorded_at)
                ON CONFLICT (key) DO NOTHING;
                IF NOT FOUND THEN
                    RETURN QUERY SELECT 1, k.stream_version, k.first_position
                                 FROM {{s}}.idempotency_keys k WHERE k.key = p_idempotency_key;
                    RETURN;
                END IF;
            END IF;

            IF p_expected = -1 THEN
                INSERT INTO {{s}}.streams AS st (stream_id, version) VALUES (p_stream_id, n)
                ON CONFLICT (stream_id) DO UPDATE SET version = st.version + n
                RETURNING st.version INTO v_after;
            ELSIF p_expected = 0 THEN
                INSERT INTO {{s}}.streams (stream_id, version) VALUES (p_stream_id, n)
                ON CONFLICT (stream_id) DO NOTHING
                RETURNING version INTO v_after;
            ELSE
                UPDATE {{s}}.streams SET version = version + n
                WHERE stream_id = p_stream_id AND version = p_expected
                RETURNING version INTO v_after;
            END IF;

            IF v_after IS NULL THEN
                IF p_idempotency_key IS NOT NULL THEN
                    DELETE FROM {{s}}.idempotency_keys WHERE key = p_idempotency_key;
                END IF;
                RETURN QUERY SELECT 2, coalesce((SELECT version FROM {{s}}.streams WHERE stream_id = p_stream_id), 0), NULL::bigint;
                RETURN;
            END IF;

            WITH inserted AS (
                INSERT INTO {{s}}.events (stream_id, stream_version, event_id, event_type, data,
                                          correlation_id, causation_id, traceparent, idempotency_key, recorded_at)
                SELECT p_stream_id, v_after - n + e.i, e.id, p_types[e.i], p_data[e.i],
                       p_correlation_id, p_causation_id, p_traceparent, p_idempotency_key, p_recorded_at
                FROM unnest(p_event_ids) WITH ORDINALITY AS e(id, i)
                ORDER BY e.i
                RETURNING position)
            SELECT min(position) INTO v_first FROM inserted;

            IF p_idempotency_key IS NOT NULL THEN
                UPDATE {{s}}.idempotency_keys SET stream_version = v_after, first_position = v_first
                WHERE key = p_idempotency_key;
            END IF;

            RETURN QUERY SELECT 0, v_after, v_first;
        END
        $fn$;

        -- Appends a batch's commands in one statement: each as append() does, in order, one row per command. The event
        -- columns hold every command's events in command order; p_counts says how many are each command's.
        CREATE OR REPLACE FUNCTION {{s}}.append_batch(
            p_stream_ids text[], p_expected bigint[], p_counts int[], p_event_ids uuid[], p_types text[], p_data jsonb[],
            p_correlation_ids text[], p_causation_ids text[], p_traceparents text[], p_idempotency_keys text[],
            p_recorded_at timestamptz)
        RETURNS TABLE (status int, stream_version bigint, first_position bigint)
        LANGUAGE plpgsql AS $fn$
        DECLARE
            v_first int := 1;
            v_last  int;
        BEGIN
            FOR c IN 1 .. coalesce(cardinality(p_stream_ids), 0) LOOP
                v_last := v_first + p_counts[c] - 1;
                RETURN QUERY SELECT * FROM {{s}}.append(p_stream_ids[c], p_expected[c], p_event_ids[v_first:v_last],
                    p_types[v_first:v_last], p_data[v_first:v_last], p_correlation_ids[c], p_causation_ids[c],
                    p_traceparents[c], p_idempotency_keys[c], p_recorded_at);
                v_first := v_last + 1;
            END LOOP;
        END
        $fn$;
        """;
}
