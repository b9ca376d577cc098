using Azure;

namespace MlOps.Storage;

/// <summary>
/// A storage request that the service refused: the HTTP status, the storage error code
/// (e.g. <c>BlobNotFound</c>, <c>AuthenticationFailed</c>) and what was being done to which
/// account and resource. Derives from Azure.Core's <see cref="RequestFailedException"/> so
/// code that handles Azure SDK failures handles these too.
/// </summary>
public class StorageRequestException(int status, string? errorCode, string message, Exception? innerException = null)
    : RequestFailedException(status, message, errorCode, innerException)
{
    public bool IsNotFound => Status == 404;
}

/// <summary>
/// A conditional request lost: If-Match did not match (412 ConditionNotMet), If-None-Match: *
/// found the blob already there (409 BlobAlreadyExists), or a lease held by someone else
/// blocked the write (412 LeaseIdMissing / LeaseIdMismatch, 409 LeaseAlreadyPresent).
/// Callers re-read and retry or give up; nothing was written.
/// </summary>
public sealed class BlobConflictException(int status, string? errorCode, string message)
    : StorageRequestException(status, errorCode, message);
