namespace Catalog.Programs.Projecting;

/// <summary>The tables of one version of the programs projection (programs and anchor histories).</summary>
public static class ProgramTables
{
    public static string Programs(int v) => $"catalog.programs_v{v}";
    public static string Files(int v) => $"catalog.program_files_v{v}";
    public static string Screenshots(int v) => $"catalog.screenshots_v{v}";

    public static string Create(int v) => $"""
        CREATE TABLE IF NOT EXISTS {Programs(v)} (
            id          uuid PRIMARY KEY,
            anchor_id   text NOT NULL,
            log_stream  text NOT NULL,
            started_at  timestamptz NOT NULL,
            ended_at    timestamptz NOT NULL,
            merged_into uuid,
            hidden      boolean NOT NULL DEFAULT false,
            -- lz4: documents of long programs pass the TOAST threshold, and pglz would cost the rebuild more than the write.
            state       text COMPRESSION lz4 NOT NULL,
            view        text COMPRESSION lz4 NOT NULL
        );
        -- Tables made before moderation existed get the column; no event could have hidden anything in them.
        ALTER TABLE {Programs(v)} ADD COLUMN IF NOT EXISTS hidden boolean NOT NULL DEFAULT false;
        -- A page of history reads twenty views: keep each compressed in its row rather than behind a TOAST look-up.
        ALTER TABLE {Programs(v)} ALTER COLUMN view SET STORAGE MAIN;
        -- Anchor histories: newest first, paged by (started_at, id).
        CREATE INDEX IF NOT EXISTS programs_v{v}_anchor ON {Programs(v)} (anchor_id, started_at DESC, id DESC) WHERE merged_into IS NULL;
        -- Programs across anchors (the console's browse list): newest first, paged by (started_at, id).
        CREATE INDEX IF NOT EXISTS programs_v{v}_newest ON {Programs(v)} (started_at DESC, id DESC) WHERE merged_into IS NULL;
        -- Which programs a screenshot falls in.
        CREATE INDEX IF NOT EXISTS programs_v{v}_stream ON {Programs(v)} (log_stream, started_at DESC) WHERE merged_into IS NULL;
        -- Only files whose placement was not in the same batch wait here.
        CREATE TABLE IF NOT EXISTS {Files(v)} (
            log_stream  text NOT NULL,
            file_id     text NOT NULL,
            url         text NOT NULL,
            size_bytes  bigint NOT NULL,
            times_inconsistent boolean NOT NULL,
            PRIMARY KEY (log_stream, file_id)
        );
        CREATE TABLE IF NOT EXISTS {Screenshots(v)} (
            log_stream  text NOT NULL,
            taken_at    timestamptz NOT NULL,
            url         text NOT NULL
        );
        -- Only screenshots no known program holds yet wait here.
        CREATE INDEX IF NOT EXISTS screenshots_v{v}_stream ON {Screenshots(v)} (log_stream, taken_at DESC);
        """;

    public static string Drop(int v) => $"DROP TABLE IF EXISTS {Programs(v)}, {Files(v)}, {Screenshots(v)};";
}
