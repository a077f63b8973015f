namespace VmsServices.Onvif.Tests.Support;

/// <summary>What the client must read from each vendor's samples, and how it must find the services.</summary>
public sealed record VendorExpectations(
    string Vendor,
    OnvifDeviceInformation Information,
    DateTimeOffset UtcTime,
    OnvifMediaProfile[] Profiles,
    string StreamUri,
    string SnapshotUri,
    string? MediaPath,
    string? Media2Path,
    string PtzPath,
    string[] ServiceQueries)
{
    public override string ToString() => Vendor;

    public static readonly VendorExpectations Hikvision = new(
        Samples.Hikvision,
        new OnvifDeviceInformation("HIKVISION", "DS-2DE4A425IW-DE", "V5.6.15 build 210129", "DS-2DE4A425IW-DE20210318AAWRF12345678", "88"),
        new DateTimeOffset(2024, 5, 17, 8, 21, 7, TimeSpan.Zero),
        [
            new("Profile_1", "mainStream", "H264", new VideoResolution(2560, 1440), 25, true, "PTZToken"),
            new("Profile_2", "subStream", "H265", new VideoResolution(640, 360), 12.5, true, "PTZToken"),
        ],
        "rtsp://192.0.2.64:554/Streaming/Channels/101?transportmode=unicast&profile=Profile_1",
        "http://192.0.2.64/onvif-http/snapshot?Profile_1",
        "/onvif/Media", null, "/onvif/PTZ",
        ["GetCapabilities"]);

    public static readonly VendorExpectations Axis = new(
        Samples.Axis,
        new OnvifDeviceInformation("AXIS", "P3245-LVE", "11.8.64", "ACCC8EF12345", "79A.1"),
        new DateTimeOffset(2023, 12, 31, 23, 59, 58, TimeSpan.Zero),
        [
            new("profile_1_h264", "profile_1 h264", "H264", new VideoResolution(1920, 1080), 30, true, "0"),
            new("profile_1_jpeg", "profile_1 jpeg", "JPEG", new VideoResolution(1920, 1080), 30, false, null),
        ],
        "rtsp://192.0.2.90/onvif-media/media.amp?profile=profile_1_h264&sessiontimeout=60&streamtype=unicast",
        "http://192.0.2.90/onvif-cgi/jpg/image.cgi?resolution=1920x1080&compression=30",
        "/onvif/services", "/onvif/services", "/onvif/services",
        ["GetCapabilities", "GetServices"]);

    public static readonly VendorExpectations Dahua = new(
        Samples.Dahua,
        new OnvifDeviceInformation("Dahua", "IPC-HDW2431T-AS-S2", null, "6G0A8B3PAZ12345", null),
        new DateTimeOffset(2025, 2, 28, 3, 4, 5, TimeSpan.Zero),
        [
            new("MediaProfile000", "MediaProfile_Channel1_MainStream", "H264", new VideoResolution(2688, 1520), 20, true, "000"),
            new("MediaProfile001", "MediaProfile_Channel1_SubStream1", "H264", new VideoResolution(704, 576), null, false, null),
        ],
        "rtsp://192.0.2.108:554/cam/realmonitor?channel=1&subtype=0&unicast=true&proto=Onvif",
        "http://192.0.2.108/onvifsnapshot/media_service/snapshot?channel=1&subtype=0",
        "/onvif/media_service", null, "/onvif/ptz_service",
        ["GetCapabilities", "GetServices"]);

    public static readonly VendorExpectations DigestOnly = new(
        Samples.DigestOnly,
        new OnvifDeviceInformation("Generic", "PTZ-4K-X30", "3.2.1", "GX30-000042", "rev-b"),
        new DateTimeOffset(2024, 2, 29, 12, 0, 0, TimeSpan.Zero),
        [
            new("Profile000", "Main", "H265", new VideoResolution(3840, 2160), 25, true, "PTZ000"),
            new("Profile001", "Sub", "H264", new VideoResolution(1280, 720), 15, true, "PTZ000"),
        ],
        "rtsp://198.51.100.120:554/media/video1",
        "http://198.51.100.120/snapshot/video1.jpg",
        null, "/onvif/Media2", "/onvif/PTZ",
        ["GetCapabilities", "GetServices"]);

    public static readonly VendorExpectations[] All = [Hikvision, Axis, Dahua, DigestOnly];
}
