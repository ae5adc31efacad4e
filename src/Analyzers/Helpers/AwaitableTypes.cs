using System.Collections.Concurrent;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace AsyncRules.Analyzers.Helpers
{
    /// <summary>
    /// "Can this be awaited?" as the rule pages (docs/rules/) use it: a type with an accessible <c>GetAwaiter()</c> (instance or extension)
    /// whose awaiter has <c>IsCompleted</c>, <c>GetResult()</c> and <c>OnCompleted</c>. One instance per
    /// compilation; answers for instance <c>GetAwaiter</c> are cached, extension lookups depend on the usings
    /// in scope and are asked of the semantic model.
    /// </summary>
    internal sealed class AwaitableTypes
    {
        private readonly KnownSymbols symbols;
        private readonly INamedTypeSymbol? notifyCompletion;
        private readonly ConcurrentDictionary<ITypeSymbol, bool> instanceAwaitable = new(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<(SyntaxTree Tree, ITypeSymbol Type), bool> extensionAwaitable = new(TreeAndTypeComparer.Instance);

        public AwaitableTypes(KnownSymbols symbols)
        {
            this.symbols = symbols;
            notifyCompletion = symbols.Compilation.GetTypeByMetadataName("System.Runtime.CompilerServices.INotifyCompletion");
        }

        /// <summary>True for types known to be awaitable without asking where: task-likes and their configured awaitables.</summary>
        public bool IsTaskLikeOrConfigured(ITypeSymbol? type) => symbols.IsTaskLike(type) || symbols.IsConfiguredTaskAwaitable(type);

        /// <summary>
        /// True when an expression of <paramref name="type"/> can be awaited at <paramref name="position"/>
        /// (extension <c>GetAwaiter</c> methods count only when their namespace is imported there).
        /// </summary>
        public bool IsAwaitable(ITypeSymbol? type, SemanticModel semanticModel, int position)
        {
            if (type is null || type.SpecialType == SpecialType.System_Void)
            {
                return false;
            }

            if (type.TypeKind == TypeKind.Dynamic || IsTaskLikeOrConfigured(type))
            {
                return true;
            }

            if (instanceAwaitable.GetOrAdd(type, t => t.GetMembers("GetAwaiter").OfType<IMethodSymbol>().Any(IsGetAwaiter)))
            {
                return true;
            }

            // Extension GetAwaiter methods depend on the usings in scope: asked once per file and type (usings inside a
            // namespace block may differ within a file; the first position asked decides, a deliberate approximation).
            return extensionAwaitable.GetOrAdd((semanticModel.SyntaxTree, type), key => HasExtensionGetAwaiter(key.Type, semanticModel, position));
        }

        private bool HasExtensionGetAwaiter(ITypeSymbol type, SemanticModel semanticModel, int position)
        {
            foreach (var symbol in semanticModel.LookupSymbols(position, container: type, name: "GetAwaiter", includeReducedExtensionMethods: true))
            {
                if (symbol is IMethodSymbol { IsExtensionMethod: true } method && IsGetAwaiter(method))
                {
                    return true;
                }
            }

            return false;
        }

        private sealed class TreeAndTypeComparer : System.Collections.Generic.IEqualityComparer<(SyntaxTree Tree, ITypeSymbol Type)>
        {
            public static readonly TreeAndTypeComparer Instance = new();

            public bool Equals((SyntaxTree Tree, ITypeSymbol Type) x, (SyntaxTree Tree, ITypeSymbol Type) y)
                => x.Tree == y.Tree && SymbolEqualityComparer.Default.Equals(x.Type, y.Type);

            public int GetHashCode((SyntaxTree Tree, ITypeSymbol Type) obj)
                => (obj.Tree.GetHashCode() * 397) ^ SymbolEqualityComparer.Default.GetHashCode(obj.Type);
        }

        private bool IsGetAwaiter(IMethodSymbol method)
        {
            if (method.IsStatic && !method.IsExtensionMethod)
            {
                return false;
            }

            var requiredParameters = method.Parameters.Count(p => !p.IsOptional && !p.IsParams);
            if (method.MethodKind == MethodKind.ReducedExtension ? requiredParameters != 0 : requiredParameters != (method.IsExtensionMethod ? 1 : 0))
            {
                return false;
            }

            return method.TypeParameters.IsEmpty && IsAwaiter(method.ReturnType);
        }

        private bool IsAwaiter(ITypeSymbol awaiter)
        {
            if (notifyCompletion is null || !awaiter.AllInterfaces.Contains(notifyCompletion, SymbolEqualityComparer.Default))
            {
                return false;
            }

            var hasIsCompleted = awaiter.GetMembers("IsCompleted").OfType<IPropertySymbol>()
                .Any(p => p.Type.SpecialType == SpecialType.System_Boolean && p.GetMethod is not null && !p.IsStatic);
            var hasGetResult = awaiter.GetMembers("GetResult").OfType<IMethodSymbol>()
                .Any(m => m.Parameters.IsEmpty && m.TypeParameters.IsEmpty && !m.IsStatic);
            return hasIsCompleted && hasGetResult;
        }
    }
}
