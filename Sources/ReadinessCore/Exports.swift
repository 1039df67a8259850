// The value type callers of the engine see; re-exported so the command-line tool and
// embedders need not import the CEL module for it.
@_exported import struct CEL.CELMap
@_exported import struct CEL.CELTimestamp
@_exported import enum CEL.CELValue
