package io.sockudo.kv.kernel.persistence.rdb;

/** Constants of Redis's RDB format (rdb.h), for the writer, the reader and DUMP/RESTORE. */
public final class Rdb {
    /** The version Redis 7.0 writes (header {@code REDIS0010}, DUMP footer 10). */
    public static final int VERSION = 10;
    /** The newest version whose record types we can read (Redis 7.4: hash field expiry). */
    public static final int MAX_READ_VERSION = 12;
    /** The version hashes with field TTLs are marked with in a DUMP payload (first with types 24/25). */
    public static final int VERSION_HASH_FIELD_TTL = 12;

    public static final int TYPE_STRING = 0;
    public static final int TYPE_LIST = 1;
    public static final int TYPE_SET = 2;
    public static final int TYPE_ZSET = 3;
    public static final int TYPE_HASH = 4;
    public static final int TYPE_ZSET_2 = 5;
    public static final int TYPE_MODULE_PRE_GA = 6;
    public static final int TYPE_MODULE_2 = 7;
    public static final int TYPE_HASH_ZIPMAP = 9;
    public static final int TYPE_LIST_ZIPLIST = 10;
    public static final int TYPE_SET_INTSET = 11;
    public static final int TYPE_ZSET_ZIPLIST = 12;
    public static final int TYPE_HASH_ZIPLIST = 13;
    public static final int TYPE_LIST_QUICKLIST = 14;
    public static final int TYPE_STREAM_LISTPACKS = 15;
    public static final int TYPE_HASH_LISTPACK = 16;
    public static final int TYPE_ZSET_LISTPACK = 17;
    public static final int TYPE_LIST_QUICKLIST_2 = 18;
    public static final int TYPE_STREAM_LISTPACKS_2 = 19;
    public static final int TYPE_SET_LISTPACK = 20;
    public static final int TYPE_STREAM_LISTPACKS_3 = 21;
    public static final int TYPE_HASH_METADATA_PRE_GA = 22;
    public static final int TYPE_HASH_LISTPACK_EX_PRE_GA = 23;
    public static final int TYPE_HASH_METADATA = 24;
    public static final int TYPE_HASH_LISTPACK_EX = 25;

    public static final int OPCODE_SLOT_INFO = 244;
    public static final int OPCODE_FUNCTION2 = 245;
    public static final int OPCODE_FUNCTION_PRE_GA = 246;
    public static final int OPCODE_MODULE_AUX = 247;
    public static final int OPCODE_IDLE = 248;
    public static final int OPCODE_FREQ = 249;
    public static final int OPCODE_AUX = 250;
    public static final int OPCODE_RESIZEDB = 251;
    public static final int OPCODE_EXPIRETIME_MS = 252;
    public static final int OPCODE_EXPIRETIME = 253;
    public static final int OPCODE_SELECTDB = 254;
    public static final int OPCODE_EOF = 255;

    public static final int MODULE_OPCODE_EOF = 0;
    public static final int MODULE_OPCODE_SINT = 1;
    public static final int MODULE_OPCODE_UINT = 2;
    public static final int MODULE_OPCODE_FLOAT = 3;
    public static final int MODULE_OPCODE_DOUBLE = 4;
    public static final int MODULE_OPCODE_STRING = 5;

    static final int ENC_INT8 = 0;
    static final int ENC_INT16 = 1;
    static final int ENC_INT32 = 2;
    static final int ENC_LZF = 3;

    /** Redis's object types (what DEBUG DIGEST mixes in): string 0, list 1, set 2, zset 3, hash 4, module 5, stream 6. */
    public static final int OBJ_STRING = 0;
    public static final int OBJ_LIST = 1;
    public static final int OBJ_SET = 2;
    public static final int OBJ_ZSET = 3;
    public static final int OBJ_HASH = 4;
    public static final int OBJ_MODULE = 5;
    public static final int OBJ_STREAM = 6;

    private Rdb() {
    }

    /** Redis's rdbIsObjectType for the versions we read. */
    public static boolean isObjectType(int t) {
        return (t >= 0 && t <= 7) || (t >= 9 && t <= 25);
    }

    /** The Redis object type an RDB value type belongs to (rdbLoadObject's mapping), or -1. */
    public static int objectType(int rdbType) {
        switch (rdbType) {
            case TYPE_STRING:
                return OBJ_STRING;
            case TYPE_LIST: case TYPE_LIST_ZIPLIST: case TYPE_LIST_QUICKLIST: case TYPE_LIST_QUICKLIST_2:
                return OBJ_LIST;
            case TYPE_SET: case TYPE_SET_INTSET: case TYPE_SET_LISTPACK:
                return OBJ_SET;
            case TYPE_ZSET: case TYPE_ZSET_2: case TYPE_ZSET_ZIPLIST: case TYPE_ZSET_LISTPACK:
                return OBJ_ZSET;
            case TYPE_HASH: case TYPE_HASH_ZIPMAP: case TYPE_HASH_ZIPLIST: case TYPE_HASH_LISTPACK:
            case TYPE_HASH_METADATA_PRE_GA: case TYPE_HASH_LISTPACK_EX_PRE_GA: case TYPE_HASH_METADATA:
            case TYPE_HASH_LISTPACK_EX:
                return OBJ_HASH;
            case TYPE_STREAM_LISTPACKS: case TYPE_STREAM_LISTPACKS_2: case TYPE_STREAM_LISTPACKS_3:
                return OBJ_STREAM;
            case TYPE_MODULE_PRE_GA: case TYPE_MODULE_2:
                return OBJ_MODULE;
            default:
                return -1;
        }
    }

    /** The RDB version a DUMP payload of a value of this RDB type carries. */
    public static int dumpVersion(int rdbType) {
        return rdbType == TYPE_HASH_METADATA || rdbType == TYPE_HASH_LISTPACK_EX ? VERSION_HASH_FIELD_TTL : VERSION;
    }
}
