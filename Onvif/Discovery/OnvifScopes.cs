namespace VmsServices.Onvif;

/// <summary>
/// The scopes a device announces (ONVIF Core §7.3.2.2), with the ones people read picked out:
/// onvif://www.onvif.org/name/…, hardware/… and location/… (URL-decoded; the first of each).
/// </summary>
public sealed record OnvifScopes(IReadOnlyList<string> All, string? Name, string? Hardware, string? Location)
{
    private const string OnvifScopePrefix = "onvif://www.onvif.org/";

    public static OnvifScopes Empty { get; } = new([], null, null, null);

    public static OnvifScopes Parse(IReadOnlyList<string> scopes) =>
        new(scopes, Find(scopes, "name"), Find(scopes, "hardware"), Find(scopes, "location"));

    private static string? Find(IReadOnlyList<string> scopes, string category)
    {
        string prefix = OnvifScopePrefix + category + "/";
        foreach (string scope in scopes)
        {
            if (scope.Length > prefix.Length && scope.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                return Uri.UnescapeDataString(scope[prefix.Length..]);
        }
        return null;
    }
}
