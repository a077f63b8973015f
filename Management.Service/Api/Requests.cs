using VmsServices.Hosting;
using VmsServices.Messages;

namespace VmsServices.Management.Api;

/// <summary>Registers a recording server; Address is the HTTP base URL its peers and clients use.</summary>
public sealed record AddRecordingServerRequest(string Id, string Name, string Address)
{
    public RecordingServerRecord Validate()
    {
        var errors = new List<string>();
        RequestValidation.CheckId(errors, "id", Id);
        RequestValidation.CheckText(errors, "name", Name);
        RequestValidation.CheckUrl(errors, "address", Address, "http", "https");
        RequestValidation.ThrowIfAny(errors);
        return new RecordingServerRecord(Id, Name.Trim(), Address.TrimEnd('/'));
    }
}

/// <summary>
/// Registers a device and assigns it to a recording server: the one named (placement manual), or,
/// without one, the online server with the most capacity left (placement automatic). DataTypes
/// defaults to video; CredentialsRef names a secret, never the password itself.
/// </summary>
public sealed record AddDeviceRequest(
    string Id,
    string Name,
    string StreamUrl,
    string? RecordingServerId = null,
    string? Address = null,
    string? CredentialsRef = null,
    IReadOnlyList<string>? DataTypes = null)
{
    public (DeviceRecord Device, IReadOnlyList<string> DataTypes) Validate()
    {
        var errors = new List<string>();
        RequestValidation.CheckId(errors, "id", Id);
        RequestValidation.CheckText(errors, "name", Name);
        RequestValidation.CheckUrl(errors, "streamUrl", StreamUrl, "rtsp", "rtsps");
        if (RecordingServerId is not null) RequestValidation.CheckId(errors, "recordingServerId", RecordingServerId);
        if (StreamUrl is not null && Uri.TryCreate(StreamUrl, UriKind.Absolute, out var url) && url.UserInfo.Length > 0)
            errors.Add("streamUrl must not contain credentials; register them as a secret and pass credentialsRef.");
        if (CredentialsRef is not null) RequestValidation.CheckId(errors, "credentialsRef", CredentialsRef);
        var dataTypes = DataTypes is null || DataTypes.Count == 0 ? [Messages.DataTypes.Video] : DataTypes.Distinct().ToList();
        foreach (var t in dataTypes.Where(t => !Messages.DataTypes.IsKnown(t)))
            errors.Add($"dataTypes: '{t}' is not one of {string.Join(", ", Messages.DataTypes.All)}.");
        RequestValidation.ThrowIfAny(errors);
        return (new DeviceRecord(Id, Name.Trim(), StreamUrl!, Address, CredentialsRef), dataTypes);
    }
}

public sealed record ConfigurationTableResponse(long Version, IReadOnlyList<ConfigurationEntry> Entries);

internal static class RequestValidation
{
    public static void CheckId(List<string> errors, string field, string? value)
    {
        if (!Ids.IsValid(value)) errors.Add($"{field} must be {Ids.Rule}.");
    }

    public static void CheckText(List<string> errors, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > 200) errors.Add($"{field} is required (at most 200 characters).");
    }

    public static void CheckUrl(List<string> errors, string field, string? value, params string[] schemes)
    {
        if (value is null || value.Length > 2000 || !Uri.TryCreate(value, UriKind.Absolute, out var url) || !schemes.Contains(url.Scheme))
            errors.Add($"{field} must be an absolute {string.Join(" or ", schemes)} URL.");
    }

    public static void ThrowIfAny(List<string> errors)
    {
        if (errors.Count > 0) throw new InvalidRequestException(string.Join(" ", errors));
    }

    /// <summary>Route ids are checked before any look-up so a hostile id never reaches a query or path.</summary>
    public static string RouteId(string id, string what) =>
        Ids.IsValid(id) ? id : throw new InvalidRequestException($"'{Truncate(id)}' is not a valid {what} id: {Ids.Rule}.");

    private static string Truncate(string s) => s.Length <= 70 ? s : s[..70] + "...";
}
