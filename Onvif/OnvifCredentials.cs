namespace VmsServices.Onvif;

/// <summary>A device account. <see cref="ToString"/> never shows the password.</summary>
public sealed record OnvifCredentials(string UserName, string Password)
{
    public override string ToString() => $"OnvifCredentials {{ UserName = {UserName} }}";
}
