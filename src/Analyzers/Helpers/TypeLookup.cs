using Microsoft.CodeAnalysis;

namespace AsyncRules.Analyzers.Helpers
{
    /// <summary>
    /// Looks a type up by its metadata name the way code in the compilation would see it, even when the name is defined more
    /// than once. <c>Compilation.GetTypeByMetadataName</c> returns null when two referenced assemblies define the name: a
    /// library that polyfills <c>IAsyncEnumerable&lt;T&gt;</c> publicly, next to the core library that has it, would switch
    /// every async-stream rule off. The raw lookup is banned (BannedSymbols.txt of both projects); ask here.
    /// </summary>
    internal static class TypeLookup
    {
        /// <summary>
        /// The type named <paramref name="metadataName"/> (<c>System.Threading.Tasks.Task`1</c>): the one the compiler finds when
        /// it is unique; otherwise the compilation's own, else the core library's, else the only one among the references that
        /// the compilation can access. Null when there is none, or several of equal standing.
        /// </summary>
        public static INamedTypeSymbol? FindType(this Compilation compilation, string metadataName)
        {
#pragma warning disable RS0030 // the one place that asks the raw lookup
            if (compilation.GetTypeByMetadataName(metadataName) is { } unique)
#pragma warning restore RS0030
            {
                return unique;
            }

            if (compilation.Assembly.GetTypeByMetadataName(metadataName) is { } own)
            {
                return own;
            }

            var coreLibrary = compilation.GetSpecialType(SpecialType.System_Object).ContainingAssembly;
            if (coreLibrary?.GetTypeByMetadataName(metadataName) is { } fromCore)
            {
                return fromCore;
            }

            INamedTypeSymbol? found = null;
            foreach (var reference in compilation.References)
            {
                if (compilation.GetAssemblyOrModuleSymbol(reference) is not IAssemblySymbol assembly
                    || assembly.GetTypeByMetadataName(metadataName) is not { } candidate
                    || !compilation.IsSymbolAccessibleWithin(candidate, compilation.Assembly))
                {
                    continue;
                }

                if (found is not null && !SymbolEqualityComparer.Default.Equals(found, candidate))
                {
                    return null; // two of equal standing: no answer is better than a guess
                }

                found = candidate;
            }

            return found;
        }
    }
}
