namespace VmsServices.Management.Users;

/// <summary>Users, sign-in and tokens ("Management:Auth").</summary>
public sealed class AuthSettings
{
    /// <summary>How long a user's token (console session, vmsctl, API) is accepted: one working shift.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>How long a recording server's token for peer fetches lives; renewed at two thirds of it.</summary>
    public TimeSpan ServiceTokenLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The administrator created at start when the user store is empty and
    /// <see cref="BootstrapPassword"/> is set: the way into a new installation.
    /// </summary>
    public string BootstrapAdministrator { get; set; } = "admin";

    public string? BootstrapPassword { get; set; }

    /// <summary>Sign-in attempts accepted per remote address and minute; more get 429 (password guessing).</summary>
    public int SignInAttemptsPerMinute { get; set; } = 20;
}
