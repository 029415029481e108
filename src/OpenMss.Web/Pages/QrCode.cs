using QRCoder;

namespace OpenMss.Web.Pages;

/// <summary>A text as a QR code drawn in SVG inside the page: an authenticator application scans the enrolment's otpauth URI.</summary>
internal static class QrCode
{
    public static string Svg(string text, string label)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        using var svg = new SvgQRCode(data);
        var drawing = svg.GetGraphic(4);
        // Named for screen readers; the key and the URI stay written beside it for those who cannot scan.
        return drawing[drawing.IndexOf("<svg", StringComparison.Ordinal)..].Replace("<svg ", $"<svg class=\"qr\" role=\"img\" aria-label=\"{Html.E(label)}\" ", StringComparison.Ordinal);
    }
}
