using Gateway.Contracts;

namespace Gateway.Operations;

/// <summary>
/// An operation whose body is <c>multipart/form-data</c> (an audio file and form fields) rather than JSON: the
/// multipart endpoint reads its <c>model</c> field (<see cref="MultipartEnvelope"/>) and checks the part it requires
/// (<c>file</c>); the answer (JSON, text, subtitles, or an event stream) is passed through as it arrives.
/// </summary>
internal abstract class FormOperation : GatewayOperation
{
    private static readonly RequiredField File = new("file", mustBeArray: false, holdsMessages: false);

    /// <summary>The form field the body must have besides <c>model</c>.</summary>
    public string RequiredPart => Required.Name;

    /// <summary>What the request carries, for routing: audio, which only some protocols take.</summary>
    public virtual ContentKinds Content => ContentKinds.Audio;

    protected override RequiredField Required => File;
}
