struct RegexCompiler {
    var program: [RE2Pattern.Instruction] = []

    mutating func emit(_ node: RegexNode) throws(CELError) {
        guard program.count < RE2Pattern.maxInstructions else {
            throw CELError("invalid regular expression: the pattern is too large")
        }
        switch node {
        case .empty:
            break
        case .scalar(let scalar, let fold):
            program.append(.scalar(scalar, caseInsensitive: fold))
        case .set(let set, let negated, let fold):
            program.append(.set(set, negated: negated, caseInsensitive: fold))
        case .any(let dotAll):
            program.append(.any(matchesNewline: dotAll))
        case .assert(let assertion):
            program.append(.assert(assertion))
        case .concat(let items):
            for item in items { try emit(item) }
        case .group(let inner):
            try emit(inner)
        case .alternate(let branches):
            var jumps: [Int] = []
            for (index, branch) in branches.enumerated() {
                if index < branches.count - 1 {
                    let split = program.count
                    program.append(.split(split + 1, 0))
                    try emit(branch)
                    jumps.append(program.count)
                    program.append(.jump(0))
                    program[split] = .split(split + 1, program.count)
                } else {
                    try emit(branch)
                }
            }
            for jump in jumps { program[jump] = .jump(program.count) }
        case .repeated(let inner, let low, let high):
            for _ in 0..<low { try emit(inner) }
            if let high {
                var splits: [Int] = []
                for _ in low..<high {
                    splits.append(program.count)
                    program.append(.split(program.count + 1, 0))
                    try emit(inner)
                }
                for split in splits { program[split] = .split(split + 1, program.count) }
            } else {
                let split = program.count
                program.append(.split(split + 1, 0))
                try emit(inner)
                program.append(.jump(split))
                program[split] = .split(split + 1, program.count)
            }
        }
    }
}
