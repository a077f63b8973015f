namespace VmsServices.Onvif;

/// <summary>
/// A media profile (Media ver10 trt:Profiles, or Media2 ver20 tr2:Profiles). <see cref="VideoEncoding"/>
/// is upper-cased as the device named it ("H264", "H265", "JPEG", "MPEG4"); null fields were not reported.
/// </summary>
public sealed record OnvifMediaProfile(
    string Token,
    string? Name,
    string? VideoEncoding,
    VideoResolution? Resolution,
    double? FrameRateLimit,
    bool HasPtz,
    string? PtzConfigurationToken);

/// <summary>A video resolution in pixels.</summary>
public readonly record struct VideoResolution(int Width, int Height)
{
    public override string ToString() => $"{Width}x{Height}";
}
