namespace Bot.Catalog;

/// <summary>Where a YAML node sits: the file as shown to operators and its 1-based line.</summary>
internal readonly record struct SourceLine(string File, int Line)
{
    public override string ToString() => $"{File}:{Line}";
}

/// <summary>A value read from YAML together with where it was written, for errors found after reading.</summary>
internal sealed record Located<T>(T Value, SourceLine At);
