using System.Buffers;

namespace Bot.Host.Alerts;

/// <summary>
/// A request body read into a pooled buffer, never more than a limit: Content-Length is checked up front but not
/// trusted, so a chunked body (or one that lies about its length) is cut off at the limit too.
/// </summary>
internal sealed class PooledBody : IDisposable
{
    private const int ChunkedInitialSize = 16 * 1024;

    private byte[] _buffer;
    private int _length;

    private PooledBody(byte[] buffer)
    {
        _buffer = buffer;
    }

    public ReadOnlyMemory<byte> Memory => _buffer.AsMemory(0, _length);

    /// <summary>The whole body, or null when it is longer than <paramref name="limit"/> bytes.</summary>
    public static async Task<PooledBody?> ReadAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }

        // One byte more than the limit: reading it is how a body that is too long shows itself.
        var initial = (int)Math.Min(request.ContentLength ?? ChunkedInitialSize, limit) + 1;
        var body = new PooledBody(ArrayPool<byte>.Shared.Rent(initial));
        try
        {
            while (true)
            {
                var capacity = Math.Min(body._buffer.Length, limit + 1);
                if (body._length == capacity)
                {
                    if (body._length > limit)
                    {
                        body.Dispose();
                        return null;
                    }
                    body.Grow(Math.Min(body._buffer.Length * 2L, limit + 1L));
                    continue;
                }
                var read = await request.Body.ReadAsync(body._buffer.AsMemory(body._length, capacity - body._length), cancellationToken);
                if (read == 0)
                {
                    break;
                }
                body._length += read;
            }
            if (body._length > limit)
            {
                body.Dispose();
                return null;
            }
            return body;
        }
        catch
        {
            body.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, []);
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        _length = 0;
    }

    private void Grow(long size)
    {
        var larger = ArrayPool<byte>.Shared.Rent((int)size);
        _buffer.AsSpan(0, _length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
    }
}
