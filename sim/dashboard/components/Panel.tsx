import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import { tint } from './tint.ts';

/** A bordered box with a title on its first line. */
export function Panel({ title, children, width }: { title: string; children: ReactNode; width?: string | number }): ReactNode {
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={tint('gray')} paddingX={1} flexGrow={1} {...(width === undefined ? {} : { width })}>
      <Text bold color={tint('cyan')}>
        {title}
      </Text>
      {children}
    </Box>
  );
}
