package io.sockudo.kv.search.query;

import java.util.Arrays;

/**
 * The positional test of phrases and SLOP/INORDER intersections: given each clause's sorted token
 * positions in a document, is there one position per clause such that the number of other words
 * between them (span minus clause count) is at most {@code slop}, in query order when required?
 */
final class Positions {
    private Positions() {
    }

    static boolean match(int[][] lists, int slop, boolean inOrder) {
        for (int[] l : lists) {
            if (l.length == 0) {
                return false;
            }
        }
        int n = lists.length;
        if (inOrder) {
            for (int p0 : lists[0]) {
                int cur = p0;
                boolean ok = true;
                for (int i = 1; i < n; i++) {
                    int j = Arrays.binarySearch(lists[i], cur + 1);
                    if (j < 0) {
                        j = -j - 1;
                    }
                    if (j >= lists[i].length) {
                        return false; // a later start cannot do better
                    }
                    cur = lists[i][j];
                    if ((long) cur - p0 - (i) > slop) {
                        ok = false;
                        break;
                    }
                }
                if (ok && (long) cur - p0 - (n - 1) <= slop) {
                    return true;
                }
            }
            return false;
        }
        int[] idx = new int[n];
        while (true) {
            int minList = 0;
            int min = Integer.MAX_VALUE;
            int max = Integer.MIN_VALUE;
            for (int i = 0; i < n; i++) {
                int v = lists[i][idx[i]];
                if (v < min) {
                    min = v;
                    minList = i;
                }
                max = Math.max(max, v);
            }
            if ((long) max - min - (n - 1) <= slop) {
                return true;
            }
            if (++idx[minList] >= lists[minList].length) {
                return false;
            }
        }
    }
}
