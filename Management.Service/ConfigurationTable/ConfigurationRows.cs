using VmsServices.Messages;

namespace VmsServices.Management.ConfigurationTable;

// Row shapes as the database returns them; both dialects' integer widths map onto long.
internal sealed class ServerRow
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public string Address { get; set; } = "";
    public long? LastSeenUtcMicros { get; set; }

    public RecordingServerRecord ToRecord() => new(Id, Name, Address);
}

internal sealed class DeviceRow
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public string StreamUrl { get; set; } = "";
    public string? Address { get; set; }
    public string? CredentialsRef { get; set; }

    public DeviceRecord ToRecord() => new(Id, Name, StreamUrl, Address, CredentialsRef);
}

internal sealed class EntryRow
{
    public string DeviceId { get; set; } = "";
    public string DataType { get; set; } = "";
    public string RecordingServerId { get; set; } = "";
    public long IsCurrent { get; set; }

    public ConfigurationEntry ToEntry() => new(DeviceId, DataType, RecordingServerId, IsCurrent == 1);
}

internal static class Sql
{
    public const string ServerColumns = "id AS Id, name AS Name, address AS Address, last_seen_utc_micros AS LastSeenUtcMicros";
    public const string DeviceColumns = "id AS Id, name AS Name, stream_url AS StreamUrl, address AS Address, credentials_ref AS CredentialsRef";
    public const string EntryColumns = "device_id AS DeviceId, data_type AS DataType, recording_server_id AS RecordingServerId, is_current AS IsCurrent";
}
