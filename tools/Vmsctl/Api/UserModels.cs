namespace VmsServices.Vmsctl.Api;

// The management API's user shapes: POST /api/auth/token and /api/users.

/// <summary>A sign-in's answer: the token, until when it is accepted, and who it says the caller is.</summary>
/// <param name="Devices">The devices the user is limited to; null for all.</param>
public sealed record SignInAnswer(string Token, DateTimeOffset ExpiresUtc, string UserName, string Role, IReadOnlyList<string>? Devices);

/// <summary>A user as the API shows it (never a password).</summary>
/// <param name="Devices">The devices the user is limited to; null for all.</param>
public sealed record User(string Name, string Role, IReadOnlyList<string>? Devices, long UpdatedUtcMicros)
{
    /// <summary>"all devices", "no devices", or the list.</summary>
    public string DevicesText => Devices switch
    {
        null => "all devices",
        [] => "no devices",
        var list => string.Join(",", list),
    };
}
