using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace AsyncRules.Analyzers.Helpers
{
    internal static partial class CancellationTokens
    {
        private static readonly ConditionalWeakTable<Compilation, Caches> CacheTable = new();

        /// <summary>The per-compilation answers about types (<see cref="Caches"/>), shared by the rules and fixes of one compilation.</summary>
        private static Caches CachesFor(KnownSymbols symbols) => CacheTable.GetValue(symbols.Compilation, _ => new Caches());

        /// <summary>
        /// What <see cref="FindInScope(SemanticModel, int, KnownSymbols, System.Threading.CancellationToken)"/> asks of a type, which does
        /// not depend on the spot: rules ask it for every call that could take a token, so each type's members are read once per
        /// compilation, not once per call.
        /// </summary>
        private sealed class Caches
        {
            /// <summary>Per parameter type: its published token properties (<see cref="TokenProperties"/>), in the order found.</summary>
            public ConcurrentDictionary<ITypeSymbol, ImmutableArray<IPropertySymbol>> TokenProperties { get; } = new(SymbolEqualityComparer.Default);

            /// <summary>
            /// Per containing type: its and its bases' instance members that can hold this object's token (<see cref="OfferMembers"/>),
            /// in the order found, each with its step: 0 for a token member, 1 for a token source whose <c>Token</c> is read.
            /// </summary>
            public ConcurrentDictionary<INamedTypeSymbol, ImmutableArray<(ISymbol Member, int Step)>> TokenMembers { get; } = new(SymbolEqualityComparer.Default);
        }
    }
}
