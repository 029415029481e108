using OpenMss.Web.Pages;

namespace OpenMss.Web.Tests;

public sealed class QrCodeTests
{
    [Fact]
    public void The_enrolment_uri_is_an_inline_svg_named_for_screen_readers_with_no_style_the_csp_would_block()
    {
        var svg = QrCode.Svg("otpauth://totp/OpenMSS:810001234567?secret=JBSWY3DPEHPK3PXP&issuer=OpenMSS", "QR code & key");

        svg.ShouldStartWith("<svg class=\"qr\" role=\"img\" aria-label=\"QR code &amp; key\" ");
        svg.ShouldEndWith("</svg>");
        svg.ShouldNotContain("style=", customMessage: "inline styles are refused by the pages' CSP");
        svg.ShouldNotContain("<?xml");
        svg.Length.ShouldBeGreaterThan(1_000, "a drawing, not an empty frame");
    }

    [Fact]
    public void A_longer_text_draws_a_larger_code()
    {
        QrCode.Svg(new string('a', 200), "x").Length.ShouldBeGreaterThan(QrCode.Svg("a", "x").Length);
    }
}
