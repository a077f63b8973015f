namespace VmsServices.Management.Credentials;

/// <summary>What the API shows of a stored camera account: never the password.</summary>
public sealed record CameraCredentialsInfo(string Ref, string UserName, long UpdatedUtcMicros);

/// <summary>A stored camera account with its clear password, for the bus and ONVIF only. ToString hides the password.</summary>
public sealed record CameraAccount(string UserName, string Password)
{
    public override string ToString() => $"CameraAccount {{ UserName = {UserName} }}";
}
