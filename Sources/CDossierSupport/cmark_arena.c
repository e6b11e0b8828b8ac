// A bump allocator for cmark-gfm, one per thread. Rendering a page parses its Markdown into
// tens of thousands of nodes and buffers, renders them and frees them one by one, walking the
// whole tree once more to do so; through this allocator a page's memory is taken in large
// chunks, never freed piece by piece, and given back all at once when the page is done (the
// chunks stay with the thread for its next page, already faulted in). cmark-gfm asks for all
// of a parser's memory through the `cmark_mem` it is given, its nodes, buffers, extensions'
// data and the rendered HTML alike.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmark-gfm.h>
#include "CDossierSupport.h"

typedef struct dossier_chunk {
    struct dossier_chunk *next;
    size_t size;
    size_t used;
    _Alignas(16) unsigned char bytes[];
} dossier_chunk;

// Each block starts with its size, so that `realloc` knows how much to copy.
typedef struct { size_t size; size_t unused; } dossier_block;

enum { dossier_chunk_size = 1 << 20, dossier_kept_bytes = 16 << 20 };

static __thread dossier_chunk *first_chunk = NULL;
static __thread dossier_chunk *current_chunk = NULL;
static __thread unsigned depth = 0;

static void *out_of_memory(void) {
    fprintf(stderr, "[dossier] the Markdown renderer ran out of memory, aborting\n");
    abort();
}

static void *arena_allocate(size_t size) {
    if (size > SIZE_MAX - sizeof(dossier_block) - 15) return out_of_memory();
    size_t needed = (sizeof(dossier_block) + size + 15) & ~(size_t)15;
    while (current_chunk != NULL && current_chunk->size - current_chunk->used < needed && current_chunk->next != NULL) {
        current_chunk = current_chunk->next;
        current_chunk->used = 0;
    }
    if (current_chunk == NULL || current_chunk->size - current_chunk->used < needed) {
        size_t capacity = needed > dossier_chunk_size ? needed : dossier_chunk_size;
        dossier_chunk *chunk = malloc(sizeof(dossier_chunk) + capacity);
        if (chunk == NULL) return out_of_memory();
        chunk->size = capacity;
        chunk->used = 0;
        // After the current chunk: the chunks after it are too small for this block, and stay for later ones.
        if (current_chunk == NULL) {
            chunk->next = NULL;
            first_chunk = chunk;
        } else {
            chunk->next = current_chunk->next;
            current_chunk->next = chunk;
        }
        current_chunk = chunk;
    }
    dossier_block *block = (dossier_block *)(current_chunk->bytes + current_chunk->used);
    block->size = size;
    current_chunk->used += needed;
    return block + 1;
}

static void *arena_calloc(size_t count, size_t size) {
    if (size != 0 && count > SIZE_MAX / size) return out_of_memory();
    void *memory = arena_allocate(count * size);
    memset(memory, 0, count * size);
    return memory;
}

static void *arena_realloc(void *memory, size_t size) {
    if (memory == NULL) return arena_allocate(size);
    dossier_block *block = (dossier_block *)memory - 1;
    // The last block of the current chunk grows where it is (a buffer doubling as it is written).
    unsigned char *end = current_chunk->bytes + current_chunk->used;
    size_t old_needed = (sizeof(dossier_block) + block->size + 15) & ~(size_t)15;
    if ((unsigned char *)block + old_needed == end && size <= SIZE_MAX - sizeof(dossier_block) - 15) {
        size_t needed = (sizeof(dossier_block) + size + 15) & ~(size_t)15;
        size_t start = (size_t)((unsigned char *)block - current_chunk->bytes);
        if (current_chunk->size - start >= needed) {
            current_chunk->used = start + needed;
            block->size = size;
            return memory;
        }
    }
    void *moved = arena_allocate(size);
    memcpy(moved, memory, block->size < size ? block->size : size);
    return moved;
}

static void arena_free(void *memory) {
    (void)memory;
}

static cmark_mem arena = {arena_calloc, arena_realloc, arena_free};

void *dossier_arena_begin(void) {
    depth += 1;
    return &arena;
}

void dossier_arena_end(void) {
    if (depth == 0 || --depth > 0) return;
    // Everything given out is free again; the first chunks stay for the thread's next page,
    // up to a few megabytes (one very large page should not keep its memory for good).
    size_t kept = 0;
    dossier_chunk **link = &first_chunk;
    while (*link != NULL) {
        dossier_chunk *chunk = *link;
        if (kept + chunk->size <= dossier_kept_bytes) {
            kept += chunk->size;
            chunk->used = 0;
            link = &chunk->next;
        } else {
            *link = chunk->next;
            free(chunk);
        }
    }
    current_chunk = first_chunk;
}
