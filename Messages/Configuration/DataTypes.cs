namespace VmsServices.Messages;

/// <summary>Values of the data type column (seed 000, field 602).</summary>
public static class DataTypes
{
    public const string Video = "video";
    public const string Audio = "audio";

    public static readonly IReadOnlyList<string> All = [Video, Audio];

    public static bool IsKnown(string value) => value is Video or Audio;
}
