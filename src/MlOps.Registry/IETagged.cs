using Azure;

namespace MlOps.Registry;

/// <summary>A registry document that remembers the ETag it was read at, for conditional writes.</summary>
internal interface IETagged<T>
{
    ETag ETag { get; }

    T WithETag(ETag etag);
}
