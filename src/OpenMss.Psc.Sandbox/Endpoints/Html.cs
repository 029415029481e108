using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Http;

namespace OpenMss.Psc.Sandbox.Endpoints;

/// <summary>The sandbox's few pages: plain HTML, every value encoded.</summary>
internal static class Html
{
    public static string E(string? value) => HtmlEncoder.Default.Encode(value ?? "");

    public static IResult Page(string title, string body, int status = StatusCodes.Status200OK) =>
        Results.Content(
            $$"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>{{E(title)}}</title>
            <style>body{font-family:sans-serif;max-width:52em;margin:2em auto} fieldset{margin:1em 0} td,th{padding:.2em .6em;text-align:left}</style>
            </head><body><h1>{{E(title)}}</h1>
            <p><strong>Pro Santé Connect sandbox</strong>: test identities only, never accepted by a production operator.</p>
            {{body}}
            </body></html>
            """,
            "text/html; charset=utf-8",
            Encoding.UTF8,
            status);

    public static IResult Problem(string sentence, int status = StatusCodes.Status400BadRequest) =>
        Page("Request refused", $"<p>{E(sentence)}</p>", status);
}
