using System.Runtime.InteropServices;

namespace MlOps.Onnx.Runtime;

/// <summary>Owns one ONNX Runtime object (env, session, options, value…) and releases it exactly once.</summary>
internal sealed unsafe class OrtSafeHandle : SafeHandle
{
    private readonly delegate* unmanaged<nint, void> release;

    public OrtSafeHandle(nint handle, delegate* unmanaged<nint, void> release)
        : base(0, ownsHandle: true)
    {
        this.release = release;
        SetHandle(handle);
    }

    public override bool IsInvalid => handle == 0;

    protected override bool ReleaseHandle()
    {
        release(handle);
        return true;
    }
}
