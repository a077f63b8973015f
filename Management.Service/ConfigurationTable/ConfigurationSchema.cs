using VmsServices.Hosting.Data;

namespace VmsServices.Management.ConfigurationTable;

/// <summary>
/// Numbered migrations of the management database. Never edit a released migration: add one.
/// The SQL is the subset SQLite and PostgreSQL share; ids are TEXT, times BIGINT UTC microseconds,
/// the current flag an INTEGER 0/1 as in seed 000 FIG. 6A.
/// </summary>
public static class ConfigurationSchema
{
    public static readonly IReadOnlyList<Migration> Migrations =
    [
        new(1, "registry and master configuration table", """
            CREATE TABLE recording_servers (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                address TEXT NOT NULL,
                registered_utc_micros BIGINT NOT NULL,
                last_seen_utc_micros BIGINT NULL
            );
            CREATE TABLE devices (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                stream_url TEXT NOT NULL,
                address TEXT NULL,
                credentials_ref TEXT NULL,
                added_utc_micros BIGINT NOT NULL
            );
            CREATE TABLE configuration_table (
                device_id TEXT NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
                data_type TEXT NOT NULL,
                recording_server_id TEXT NOT NULL REFERENCES recording_servers (id),
                is_current INTEGER NOT NULL CHECK (is_current IN (0, 1)),
                PRIMARY KEY (device_id, data_type, recording_server_id)
            );
            CREATE INDEX ix_configuration_table_server ON configuration_table (recording_server_id);
            -- Invariant: at most one current recording server per device and data type.
            CREATE UNIQUE INDEX ux_configuration_table_current ON configuration_table (device_id, data_type) WHERE is_current = 1;
            CREATE TABLE configuration_version (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                version BIGINT NOT NULL
            );
            INSERT INTO configuration_version (id, version) VALUES (1, 0);
            """),
        // The move saga (seed 000 FIG. 8/9), one row per move, kept as history. No foreign key to
        // devices: the history outlives a device. Ids are TEXT (a Guid in "D" format) in both
        // dialects; version is the optimistic-concurrency counter every write checks.
        new(2, "moves", """
            CREATE TABLE moves (
                correlation_id TEXT PRIMARY KEY,
                device_id TEXT NOT NULL,
                from_recording_server_id TEXT NOT NULL,
                to_recording_server_id TEXT NOT NULL,
                state TEXT NOT NULL,
                requested_by TEXT NOT NULL,
                reason TEXT NULL,
                failure TEXT NULL,
                version INTEGER NOT NULL,
                created_utc_micros BIGINT NOT NULL,
                updated_utc_micros BIGINT NOT NULL,
                deadline_utc_micros BIGINT NULL,
                ended_utc_micros BIGINT NULL,
                configuration_version BIGINT NULL
            );
            CREATE INDEX ix_moves_device ON moves (device_id, created_utc_micros);
            CREATE INDEX ix_moves_deadline ON moves (deadline_utc_micros) WHERE state = 'Preparing';
            -- Invariant: at most one running move per device.
            CREATE UNIQUE INDEX ux_moves_running ON moves (device_id) WHERE state = 'Preparing';
            """),
        // Seed 001: recording server liveness (registered = never heard from, online, failed), the
        // camera's state, hardware identity (an ONVIF endpoint reference, so a camera that comes back
        // at another address is the same device) and placement (manual = an administrator chose its
        // server, so rebalancing leaves it alone; automatic = chosen by load), and the camera history
        // table (table 3): every assignment, move and availability change, kept after the device's
        // rows are retired.
        new(3, "server states and camera history", """
            ALTER TABLE recording_servers ADD COLUMN state TEXT NOT NULL DEFAULT 'registered';
            ALTER TABLE devices ADD COLUMN state TEXT NOT NULL DEFAULT 'unknown';
            ALTER TABLE devices ADD COLUMN hardware_id TEXT NULL;
            ALTER TABLE devices ADD COLUMN placement TEXT NOT NULL DEFAULT 'manual';
            CREATE UNIQUE INDEX ux_devices_hardware_id ON devices (hardware_id) WHERE hardware_id IS NOT NULL;
            CREATE TABLE camera_history (
                id TEXT PRIMARY KEY,
                device_id TEXT NOT NULL,
                at_utc_micros BIGINT NOT NULL,
                kind TEXT NOT NULL,
                recording_server_id TEXT NULL,
                from_recording_server_id TEXT NULL,
                detail TEXT NULL
            );
            CREATE INDEX ix_camera_history_device ON camera_history (device_id, at_utc_micros);
            """),
        // Camera accounts named by devices.credentials_ref. The password is stored only as an ASP.NET
        // Core Data Protection payload (Credentials/CredentialsProtector): a dump of this database
        // holds no clear password, and the keys live outside it (Management:Credentials:KeysDirectory).
        new(4, "camera credentials", """
            CREATE TABLE camera_credentials (
                ref TEXT PRIMARY KEY,
                user_name TEXT NOT NULL,
                protected_password TEXT NOT NULL,
                updated_utc_micros BIGINT NOT NULL
            );
            """),
        // Who changed or watched what, and when (security issue, audit): one row per successful
        // change through the API and per start of a recording playback, live view or export. No
        // request bodies: they may hold secrets (camera passwords).
        new(5, "audit log", """
            CREATE TABLE audit_log (
                id TEXT PRIMARY KEY,
                at_utc_micros BIGINT NOT NULL,
                actor TEXT NOT NULL,
                remote_address TEXT NULL,
                action TEXT NOT NULL,
                target TEXT NOT NULL,
                status BIGINT NOT NULL
            );
            CREATE INDEX ix_audit_log_at ON audit_log (at_utc_micros);
            """),
        // Local users (Users/UserStore): an ASP.NET Core Identity password hash, never the password;
        // devices is a JSON array of the device ids the user is limited to, NULL for all.
        new(6, "users", """
            CREATE TABLE users (
                name TEXT PRIMARY KEY,
                password_hash TEXT NOT NULL,
                role TEXT NOT NULL,
                devices TEXT NULL,
                updated_utc_micros BIGINT NOT NULL
            );
            """),
        // Tokens ended before their expiry (Tokens/TokenRevoker): one token (token_id) or every token
        // of a user issued before a time; a row is dropped once the tokens it covers have expired.
        new(7, "token revocations", """
            CREATE TABLE token_revocations (
                id TEXT PRIMARY KEY,
                token_id TEXT NULL,
                subject TEXT NULL,
                issued_before_utc_micros BIGINT NOT NULL,
                until_utc_micros BIGINT NOT NULL
            );
            """),
    ];
}
