using MlOps.Surveys.Imaging;

namespace MlOps.Reports.Maps;

/// <summary>
/// Colours of the three map pictures: predicted classes and ground truth in the seabed class
/// colours (no data and unlabelled in <see cref="SeabedClasses.Unlabelled"/>'s), and the
/// disagreement picture's four kinds of pixel.
/// </summary>
public static class MapPalette
{
    public static SeabedClass NoData => SeabedClasses.Unlabelled;

    /// <summary>A valid pixel the ground truth says nothing about.</summary>
    public static SeabedClass UnlabelledValid { get; } = new(1, "valid, no ground truth", 0x5B, 0x67, 0x75);

    public static SeabedClass Agree { get; } = new(2, "agrees", 0xCB, 0xD2, 0xD9);

    public static SeabedClass Disagree { get; } = new(3, "disagrees", 0xE4, 0x1B, 0x1B);

    /// <summary>The colour of a disagreement code (see <see cref="DisagreementCode"/>).</summary>
    public static SeabedClass ForDisagreement(byte code) => code switch
    {
        DisagreementCode.UnlabelledValid => UnlabelledValid,
        DisagreementCode.Agree => Agree,
        DisagreementCode.Disagree => Disagree,
        _ => NoData,
    };
}

/// <summary>What a pixel of the disagreement picture says.</summary>
public static class DisagreementCode
{
    public const byte NoData = 0;
    public const byte UnlabelledValid = 1;
    public const byte Agree = 2;
    public const byte Disagree = 3;
}
