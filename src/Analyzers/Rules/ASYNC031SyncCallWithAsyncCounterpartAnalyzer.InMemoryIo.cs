using System.Linq;
using AsyncRules.Analyzers.Helpers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncRules.Analyzers.Rules
{
    public sealed partial class ASYNC031SyncCallWithAsyncCounterpartAnalyzer
    {
        /// <summary>
        /// In-memory I/O: every stream, reader or writer the call works on is in memory, and it works on at least one. Those are the
        /// receiver when it is one, and each argument passed for one (a parameter typed <c>Stream</c>, <c>TextReader</c>,
        /// <c>TextWriter</c>, a pipe's <c>PipeWriter</c> or <c>PipeReader</c>, or derived): <c>ms.Read(..)</c>, <c>image.Save(ms,
        /// encoder)</c>, <c>Image.Load(ms)</c>, <c>pipe.Writer.Complete()</c>. In memory means declared as an in-memory type
        /// (<see cref="KnownSymbols.InMemoryIoTypes"/>), an end of a <c>Pipe</c>, or a local whose every assigned value is a new one,
        /// a pipe's end (or null). Any other receiver or argument must have no I/O of its own (<see cref="HasNoIoOfItsOwn"/>): a blob client's
        /// <c>DownloadTo(ms)</c> reads the network into memory and stays reported, as does <c>ms.CopyTo(fileStream)</c>.
        /// </summary>
        private static bool WorksOnlyInMemory(IInvocationOperation invocation, KnownSymbols symbols, INamedTypeSymbol? within)
        {
            var method = invocation.TargetMethod;
            var receiver = AsyncStreams.Receiver(invocation);
            if (receiver is not null && Unconverted(receiver) is IInstanceReferenceOperation)
            {
                return false; // this object's own I/O: not known to be in memory
            }

            // First the streams, the cheap and usual answer (most calls have none); then the others, which must do no I/O of their own.
            var inMemory = 0;
            var receiverValue = receiver is null ? null : Unconverted(receiver);
            if (receiverValue is not null && IsChannel(receiverValue.Type, symbols))
            {
                if (!IsInMemory(receiverValue, invocation, symbols))
                {
                    return false;
                }

                inMemory++;
            }

            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter is { } parameter && !(method.IsExtensionMethod && parameter.Ordinal == 0) && IsChannel(parameter.Type, symbols))
                {
                    if (!IsInMemory(Unconverted(argument.Value), invocation, symbols))
                    {
                        return false;
                    }

                    inMemory++;
                }
            }

            if (inMemory == 0 || (receiverValue is not null && !IsChannel(receiverValue.Type, symbols) && !HasNoIoOfItsOwn(receiverValue.Type, symbols, within)))
            {
                return false;
            }

            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter is { } parameter && !(method.IsExtensionMethod && parameter.Ordinal == 0)
                    && !IsChannel(parameter.Type, symbols) && parameter.Type.IsReferenceType
                    && !HasNoIoOfItsOwn(Unconverted(argument.Value).Type ?? parameter.Type, symbols, within))
                {
                    return false;
                }
            }

            return true;
        }

        private static bool IsChannel(ITypeSymbol? type, KnownSymbols symbols)
        {
            for (var current = type as INamedTypeSymbol; current is not null; current = current.BaseType)
            {
                if (symbols.IoChannelTypes.Contains(current)
                    || SymbolEqualityComparer.Default.Equals(current, symbols.PipeWriter) || SymbolEqualityComparer.Default.Equals(current, symbols.PipeReader))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary><c>pipe.Writer</c> or <c>pipe.Reader</c> of a <c>System.IO.Pipelines.Pipe</c>: a sealed pipe whose two ends are in memory.</summary>
        private static bool IsInMemoryPipeEnd(IOperation value, KnownSymbols symbols)
            => symbols.Pipe is not null
               && Unconverted(value) is IPropertyReferenceOperation { Property: { Name: "Writer" or "Reader", IsStatic: false }, Instance: { Type: { } pipe } }
               && SymbolEqualityComparer.Default.Equals(pipe, symbols.Pipe);

        private static bool IsInMemoryType(ITypeSymbol? type, KnownSymbols symbols)
        {
            for (var current = type as INamedTypeSymbol; current is not null; current = current.BaseType)
            {
                if (symbols.InMemoryIoTypes.Contains(current))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// A stream declared as an in-memory type, an end of a <c>Pipe</c> (<c>pipe.Writer</c>), or a local (not <c>ref</c>) whose every
        /// write in the whole body, lambdas and local functions included, stores a new in-memory object, a pipe's end or null:
        /// <c>Stream? s = null; .. s = new MemoryStream();</c>, <c>var writer = pipe.Writer;</c>. A local
        /// passed by <c>ref</c>/<c>out</c> or deconstructed into may hold anything.
        /// </summary>
        private static bool IsInMemory(IOperation value, IOperation call, KnownSymbols symbols)
        {
            if (IsInMemoryType(value.Type, symbols) || IsInMemoryPipeEnd(value, symbols))
            {
                return true;
            }

            if (value is not ILocalReferenceOperation { Local: { IsRef: false } local })
            {
                return false;
            }

            var root = call;
            while (root.Parent is not null)
            {
                root = root.Parent;
            }

            var written = false;
            foreach (var operation in root.Descendants())
            {
                switch (operation)
                {
                    case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local):
                        if (declarator.GetVariableInitializer() is { } initializer)
                        {
                            if (!IsNewInMemoryOrNull(initializer.Value, symbols))
                            {
                                return false;
                            }

                            written = true;
                        }

                        break;
                    case ILocalReferenceOperation reference when SymbolEqualityComparer.Default.Equals(reference.Local, local):
                        var parent = reference.Parent;
                        while (parent is IDeclarationExpressionOperation or IConversionOperation { IsImplicit: true })
                        {
                            parent = parent.Parent;
                        }

                        switch (parent)
                        {
                            case ISimpleAssignmentOperation assignment when assignment.Target == reference:
                                if (assignment.IsRef || !IsNewInMemoryOrNull(assignment.Value, symbols))
                                {
                                    return false;
                                }

                                written = true;
                                break;
                            case IArgumentOperation { Parameter.RefKind: not RefKind.None and not RefKind.In }:
                            case ICompoundAssignmentOperation:
                            case ICoalesceAssignmentOperation:
                            case ITupleOperation:
                            case IDeconstructionAssignmentOperation:
                            case ISimpleAssignmentOperation { IsRef: true }:
                            case IVariableInitializerOperation:
                                // written through a reference or a tuple, or aliased by a ref local: may hold anything
                                if (parent is not IVariableInitializerOperation || IsRefInitializer(parent))
                                {
                                    return false;
                                }

                                break;
                        }

                        break;
                }
            }

            return written;
        }

        private static bool IsRefInitializer(IOperation initializer)
            => initializer.Parent is IVariableDeclaratorOperation { Symbol.IsRef: true };

        private static bool IsNewInMemoryOrNull(IOperation value, KnownSymbols symbols)
        {
            value = Unconverted(value);
            return value is IObjectCreationOperation creation ? IsInMemoryType(creation.Type, symbols)
                : value is IDefaultValueOperation || value.ConstantValue is { HasValue: true, Value: null } || IsInMemoryPipeEnd(value, symbols);
        }

        /// <summary>
        /// An object that does no I/O of its own: every awaitable <c>...Async</c> instance method of its type (and bases) that the
        /// caller can reach takes a stream, reader or writer to work on. An ImageSharp <c>Image</c> (<c>SaveAsync(Stream, ..)</c>), an
        /// encoder, an options object. A blob client (<c>ExistsAsync()</c>) or <c>HttpContent</c> (<c>ReadAsStringAsync()</c>) has
        /// I/O of its own; so may a type parameter or an unknown type.
        /// </summary>
        private static bool HasNoIoOfItsOwn(ITypeSymbol? type, KnownSymbols symbols, INamedTypeSymbol? within)
        {
            if (type is not INamedTypeSymbol named || named.TypeKind == TypeKind.Error)
            {
                return type is IArrayTypeSymbol;
            }

            var types = named.TypeKind == TypeKind.Interface ? named.AllInterfaces.Add(named) : System.Collections.Immutable.ImmutableArray<INamedTypeSymbol>.Empty;
            for (var current = named; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
            {
                types = types.Add(current);
            }

            foreach (var declaring in types)
            {
                foreach (var member in declaring.GetMembers())
                {
                    if (member is IMethodSymbol { IsStatic: false, MethodKind: MethodKind.Ordinary } candidate
                        && candidate.Name.EndsWith("Async", System.StringComparison.Ordinal)
                        && symbols.IsTaskLike(candidate.ReturnType)
                        && (within is null || symbols.Compilation.IsSymbolAccessibleWithin(candidate, within))
                        && !candidate.Parameters.Any(p => IsChannel(p.Type, symbols)))
                    {
                        return false;
                    }
                }
            }

            return true;
        }
    }
}
