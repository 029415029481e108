namespace OpenMss.Storage.Sqlite;

/// <summary>Where a staged blob was written: its segment and first byte.</summary>
internal sealed record SegmentWrite(BlobSegment Segment, long Position);
