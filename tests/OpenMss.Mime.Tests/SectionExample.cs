using OpenMss.Mime.Imap;

namespace OpenMss.Mime.Tests;

/// <summary>
/// The message of RFC 3501 §6.4.5 (HEADER ([RFC-2822] header of the message), TEXT, 1, 2, 3, 3.HEADER, 3.TEXT,
/// 3.1, 3.2, 4, 4.1, 4.1.MIME, 4.2, 4.2.HEADER, 4.2.TEXT, 4.2.1, 4.2.2, 4.2.2.1, 4.2.2.2), made concrete.
/// </summary>
internal static class SectionExample
{
    private const string Part3Message =
        "Subject: part 3\r\nContent-Type: MULTIPART/ALTERNATIVE; boundary=\"c\"\r\n\r\n" +
        "--c\r\nContent-Type: TEXT/PLAIN\r\n\r\n3.1 text\r\n--c\r\nContent-Type: APPLICATION/OCTET-STREAM\r\n\r\n3.2 data\r\n--c--\r\n";

    private const string Part42Message =
        "Subject: part 4.2\r\nContent-Type: MULTIPART/MIXED; boundary=\"e\"\r\n\r\n" +
        "--e\r\nContent-Type: TEXT/PLAIN\r\n\r\n4.2.1 text\r\n" +
        "--e\r\nContent-Type: MULTIPART/ALTERNATIVE; boundary=\"f\"\r\n\r\n" +
        "--f\r\nContent-Type: TEXT/RICHTEXT\r\n\r\n4.2.2.1 rich\r\n--f\r\nContent-Type: TEXT/PLAIN\r\n\r\n4.2.2.2 plain\r\n--f--\r\n" +
        "--e--\r\n";

    public const string Message =
        "From: a@b.example\r\nSubject: sections\r\nContent-Type: MULTIPART/MIXED; boundary=\"a\"\r\n\r\n" +
        "--a\r\nContent-Type: TEXT/PLAIN\r\n\r\npart 1\r\n" +
        "--a\r\nContent-Type: APPLICATION/OCTET-STREAM\r\n\r\npart 2\r\n" +
        "--a\r\nContent-Type: MESSAGE/RFC822\r\n\r\n" + Part3Message +
        "--a\r\nContent-Type: MULTIPART/MIXED; boundary=\"d\"\r\n\r\n" +
        "--d\r\nContent-Type: IMAGE/GIF\r\n\r\n4.1 gif\r\n" +
        "--d\r\nContent-Type: MESSAGE/RFC822\r\n\r\n" + Part42Message +
        "--d--\r\n" +
        "--a--\r\n";

    public static readonly (BodySection Section, string Expected)[] Expected =
    [
        (new([], SectionKind.Header), "From: a@b.example\r\nSubject: sections\r\nContent-Type: MULTIPART/MIXED; boundary=\"a\"\r\n\r\n"),
        (new([1], SectionKind.Whole), "part 1"),
        (new([2], SectionKind.Whole), "part 2"),
        (new([3], SectionKind.Whole), Part3Message[..^2]), // the CRLF before "--a" belongs to the delimiter
        (new([3], SectionKind.Header), "Subject: part 3\r\nContent-Type: MULTIPART/ALTERNATIVE; boundary=\"c\"\r\n\r\n"),
        (new([3, 1], SectionKind.Whole), "3.1 text"),
        (new([3, 2], SectionKind.Whole), "3.2 data"),
        (new([3], SectionKind.Mime), "Content-Type: MESSAGE/RFC822\r\n\r\n"),
        (new([4, 1], SectionKind.Whole), "4.1 gif"),
        (new([4, 1], SectionKind.Mime), "Content-Type: IMAGE/GIF\r\n\r\n"),
        (new([4, 2], SectionKind.Header), "Subject: part 4.2\r\nContent-Type: MULTIPART/MIXED; boundary=\"e\"\r\n\r\n"),
        (new([4, 2], SectionKind.HeaderFields, ["subject"]), "Subject: part 4.2\r\n\r\n"),
        (new([4, 2], SectionKind.HeaderFieldsNot, ["Subject"]), "Content-Type: MULTIPART/MIXED; boundary=\"e\"\r\n\r\n"),
        (new([4, 2, 1], SectionKind.Whole), "4.2.1 text"),
        (new([4, 2, 2, 1], SectionKind.Whole), "4.2.2.1 rich"),
        (new([4, 2, 2, 2], SectionKind.Whole), "4.2.2.2 plain"),
        (new([4, 2, 2, 2], SectionKind.Mime), "Content-Type: TEXT/PLAIN\r\n\r\n"),
    ];
}
