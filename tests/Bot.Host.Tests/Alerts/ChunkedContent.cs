using System.Net;
using System.Net.Http.Headers;

namespace Bot.Host.Tests.Alerts;

/// <summary>A body whose length is not known up front, so it goes out chunked, without Content-Length.</summary>
internal sealed class ChunkedContent : HttpContent
{
    private readonly byte[] _body;

    public ChunkedContent(byte[] body)
    {
        _body = body;
        Headers.ContentType = new MediaTypeHeaderValue("application/json");
    }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        for (var offset = 0; offset < _body.Length; offset += 8192)
        {
            await stream.WriteAsync(_body.AsMemory(offset, Math.Min(8192, _body.Length - offset)));
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
